; 88 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 88, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0xd=IL2 0x12=IL4 0x18=IL6 0x1f=IL8 0x25=IL10 0x2a=IL12 0x30=IL14 0x38=IL15 0x3e=IL17 0x44=IL20 0x4c=IL21 0x51=IL22
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  mov     r8,rdx
  000a  mov     r9,rcx
  000d  mov     rbx,rdi
  0010  add     ebx,esi
  0012  mov     r12,rbx
  0015  sub     r12d,r8d
  0018  mov     rbx,r12
  001b  imul    ebx,r9d
  001f  mov     r12,rbx
  0022  and     r12d,edi
  0025  mov     rdi,r12
  0028  or      edi,esi
  002a  mov     rsi,rdi
  002d  xor     esi,r8d
  0030  mov     rdi,rsi
  0033  mov     rcx,r9
  0036  shl     edi,cl
  0038  mov     rsi,rdi
  003b  sar     esi,3
  003e  mov     rdi,rsi
  0041  shr     edi,1
  0044  mov     rax,rdi
  0047  neg     eax
  0049  mov     rsi,rax
  004c  not     eax
  004e  mov     rdi,rax
  0051  mov     eax,eax
  0053  pop     r12
  0055  pop     rbx
  0056  pop     rbp
  0057  ret
