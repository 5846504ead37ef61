; 89 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 89, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x7=IL1 0x1a=IL12 0x24=IL14 0x39=IL16 0x42=IL18 0x4b=IL19 0x57=IL20
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  mov     rax,rdi
  000a  mov     rcx,0x123456789
  0014  add     rax,rcx
  0017  mov     r9,rax
  001a  mov     rcx,rsi
  001d  imul    rax,rcx
  0021  mov     rdi,rax
  0024  mov     rax,r8
  0027  movsxd  rax,eax
  002a  mov     rsi,rax
  002d  mov     rax,rdi
  0030  mov     rcx,rsi
  0033  add     rax,rcx
  0036  mov     r9,rax
  0039  mov     rcx,r8
  003c  shl     rax,cl
  003f  mov     rsi,rax
  0042  mov     rax,r8
  0045  movsxd  rax,eax
  0048  mov     rdi,rax
  004b  mov     rax,rsi
  004e  mov     rcx,rdi
  0051  sub     rax,rcx
  0054  mov     r8,rax
  0057  pop     rbp
  0058  ret
