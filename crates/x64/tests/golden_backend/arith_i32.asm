; 108 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 108, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0xd=IL2 0x18=IL4 0x20=IL6 0x29=IL8 0x31=IL10 0x39=IL12 0x41=IL14 0x49=IL15 0x52=IL17 0x5b=IL20 0x60=IL21 0x65=IL22
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  mov     r8,rdx
  000a  mov     r9,rcx
  000d  mov     rax,rdi
  0010  mov     rcx,rsi
  0013  add     eax,ecx
  0015  mov     rbx,rax
  0018  mov     rcx,r8
  001b  sub     eax,ecx
  001d  mov     r12,rax
  0020  mov     rcx,r9
  0023  imul    eax,ecx
  0026  mov     rbx,rax
  0029  mov     rcx,rdi
  002c  and     eax,ecx
  002e  mov     r12,rax
  0031  mov     rcx,rsi
  0034  or      eax,ecx
  0036  mov     rdi,rax
  0039  mov     rcx,r8
  003c  xor     eax,ecx
  003e  mov     rsi,rax
  0041  mov     rcx,r9
  0044  shl     eax,cl
  0046  mov     rdi,rax
  0049  mov     rax,rdi
  004c  sar     eax,3
  004f  mov     rsi,rax
  0052  mov     rax,rsi
  0055  shr     eax,1
  0058  mov     rdi,rax
  005b  neg     eax
  005d  mov     rsi,rax
  0060  not     eax
  0062  mov     rdi,rax
  0065  mov     eax,eax
  0067  pop     r12
  0069  pop     rbx
  006a  pop     rbp
  006b  ret
