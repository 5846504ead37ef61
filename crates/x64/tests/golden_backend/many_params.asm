; 75 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 75, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  push    r14
  000b  mov     rbx,r8
  000e  mov     r8,rdx
  0011  mov     r12,r9
  0014  mov     r9,rcx
  0017  mov     r13,[rbp+0x10]
  001b  mov     r14,[rbp+0x18]
  001f  mov     rax,rdi
  0022  mov     rcx,r13
  0025  add     eax,ecx
  0027  mov     rsi,rax
  002a  mov     rcx,r12
  002d  sub     eax,ecx
  002f  mov     rdi,rax
  0032  movsxd  rax,eax
  0035  mov     rsi,rax
  0038  mov     rcx,r14
  003b  imul    rax,rcx
  003f  mov     rdi,rax
  0042  pop     r14
  0044  pop     r13
  0046  pop     r12
  0048  pop     rbx
  0049  pop     rbp
  004a  ret
