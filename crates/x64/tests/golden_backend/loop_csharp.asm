; 66 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 66, stack base Some(5), return Scalar, safepoints [], interruptible [(4, 66)], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0xe=IL6 0x1c=IL9 0x22=IL12 0x36=IL18 0x3b=IL22
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rsi,rdi
  0007  mov     edi,0
  000c  jmp     short 0x36
  000e  mov     rax,rsi
  0011  mov     ecx,0xA
  0016  cdq
  0017  idiv    ecx
  0019  mov     r8,rdx
  001c  mov     r9,rdi
  001f  add     r9d,r8d
  0022  mov     rax,rsi
  0025  mov     ecx,0xA
  002a  cdq
  002b  idiv    ecx
  002d  mov     r8,rax
  0030  mov     rsi,r8
  0033  mov     rdi,r9
  0036  cmp     esi,0
  0039  jg      short 0xE
  003b  mov     rax,rdi
  003e  mov     eax,eax
  0040  pop     rbp
  0041  ret
