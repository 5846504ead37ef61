; 63 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 63, stack base Some(5), return Scalar, safepoints [], interruptible [(4, 63)], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0xb=IL6 0x19=IL9 0x1f=IL12 0x33=IL18 0x38=IL22
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     esi,0
  0009  jmp     short 0x33
  000b  mov     rax,rdi
  000e  mov     ecx,0xA
  0013  cdq
  0014  idiv    ecx
  0016  mov     r8,rdx
  0019  mov     r9,rsi
  001c  add     r9d,r8d
  001f  mov     rax,rdi
  0022  mov     ecx,0xA
  0027  cdq
  0028  idiv    ecx
  002a  mov     r8,rax
  002d  mov     rdi,r8
  0030  mov     rsi,r9
  0033  cmp     edi,0
  0036  jg      short 0xB
  0038  mov     rax,rsi
  003b  mov     eax,eax
  003d  pop     rbp
  003e  ret
