; 47 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 47, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x7=IL1 0x14=IL12 0x18=IL14 0x1e=IL16 0x24=IL18 0x27=IL19 0x2a=IL20
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  mov     rcx,0x123456789
  0011  add     rdi,rcx
  0014  imul    rdi,rsi
  0018  movsxd  rsi,r8d
  001b  add     rdi,rsi
  001e  mov     rcx,r8
  0021  shl     rdi,cl
  0024  movsxd  r8,r8d
  0027  sub     rdi,r8
  002a  mov     rax,rdi
  002d  pop     rbp
  002e  ret
