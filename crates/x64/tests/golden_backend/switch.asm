; 67 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 67, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0x16=IL20 0x1e=IL22 0x25=IL23 0x2d=IL25 0x34=IL26 0x3c=IL28
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rax,rdi
  0007  cmp     eax,0
  000a  je      short 0x25
  000c  cmp     eax,1
  000f  je      short 0x34
  0011  cmp     eax,2
  0014  je      short 0x25
  0016  mov     esi,0x64
  001b  add     esi,0
  001e  mov     rax,rsi
  0021  mov     eax,eax
  0023  pop     rbp
  0024  ret
  0025  mov     esi,0x64
  002a  add     esi,1
  002d  mov     rax,rsi
  0030  mov     eax,eax
  0032  pop     rbp
  0033  ret
  0034  mov     esi,0x64
  0039  add     esi,2
  003c  mov     rax,rsi
  003f  mov     eax,eax
  0041  pop     rbp
  0042  ret
