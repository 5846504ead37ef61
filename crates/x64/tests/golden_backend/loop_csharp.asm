; 74 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 74, stack base Some(5), return Scalar, safepoints [], interruptible [(4, 74)], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0xe=IL6 0x1c=IL9 0x27=IL12 0x3b=IL18 0x43=IL22
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rsi,rdi
  0007  mov     edi,0
  000c  jmp     short 0x3B
  000e  mov     rax,rsi
  0011  mov     ecx,0xA
  0016  cdq
  0017  idiv    ecx
  0019  mov     r8,rdx
  001c  mov     rax,rdi
  001f  mov     rcx,r8
  0022  add     eax,ecx
  0024  mov     r9,rax
  0027  mov     rax,rsi
  002a  mov     ecx,0xA
  002f  cdq
  0030  idiv    ecx
  0032  mov     r8,rax
  0035  mov     rsi,r8
  0038  mov     rdi,r9
  003b  mov     rax,rsi
  003e  cmp     eax,0
  0041  jg      short 0xE
  0043  mov     rax,rdi
  0046  mov     eax,eax
  0048  pop     rbp
  0049  ret
