; 56 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 56, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
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
  001f  add     edi,r13d
  0022  sub     edi,r12d
  0025  movsxd  rdi,edi
  0028  imul    rdi,r14
  002c  mov     rax,rdi
  002f  pop     r14
  0031  pop     r13
  0033  pop     r12
  0035  pop     rbx
  0036  pop     rbp
  0037  ret
