; 76 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 76, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0x16=IL20 0x21=IL22 0x28=IL23 0x33=IL25 0x3a=IL26 0x45=IL28
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rax,rdi
  0007  cmp     eax,0
  000a  je      short 0x28
  000c  cmp     eax,1
  000f  je      short 0x3A
  0011  cmp     eax,2
  0014  je      short 0x28
  0016  mov     eax,0x64
  001b  add     eax,0
  001e  mov     rsi,rax
  0021  mov     rax,rsi
  0024  mov     eax,eax
  0026  pop     rbp
  0027  ret
  0028  mov     eax,0x64
  002d  add     eax,1
  0030  mov     rsi,rax
  0033  mov     rax,rsi
  0036  mov     eax,eax
  0038  pop     rbp
  0039  ret
  003a  mov     eax,0x64
  003f  add     eax,2
  0042  mov     rsi,rax
  0045  mov     rax,rsi
  0048  mov     eax,eax
  004a  pop     rbp
  004b  ret
