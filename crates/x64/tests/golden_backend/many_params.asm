; 87 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 87, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
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
  002a  mov     rax,rsi
  002d  mov     rcx,r12
  0030  sub     eax,ecx
  0032  mov     rdi,rax
  0035  mov     rax,rdi
  0038  movsxd  rax,eax
  003b  mov     rsi,rax
  003e  mov     rax,rsi
  0041  mov     rcx,r14
  0044  imul    rax,rcx
  0048  mov     rdi,rax
  004b  mov     rax,rdi
  004e  pop     r14
  0050  pop     r13
  0052  pop     r12
  0054  pop     rbx
  0055  pop     rbp
  0056  ret
