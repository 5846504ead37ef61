; 62 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 62, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x7=IL1 0x17=IL12 0x1e=IL14 0x27=IL16 0x30=IL18 0x33=IL19 0x39=IL20
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  mov     r9,rdi
  000a  mov     rcx,0x123456789
  0014  add     r9,rcx
  0017  mov     rdi,r9
  001a  imul    rdi,rsi
  001e  movsxd  rsi,r8d
  0021  mov     r9,rdi
  0024  add     r9,rsi
  0027  mov     rsi,r9
  002a  mov     rcx,r8
  002d  shl     rsi,cl
  0030  movsxd  rdi,r8d
  0033  mov     r8,rsi
  0036  sub     r8,rdi
  0039  mov     rax,r8
  003c  pop     rbp
  003d  ret
