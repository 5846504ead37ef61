; 135 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 135, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0xd=IL2 0x18=IL4 0x23=IL6 0x2f=IL8 0x3a=IL10 0x45=IL12 0x50=IL14 0x5b=IL15 0x64=IL17 0x6d=IL20 0x75=IL21 0x7d=IL22
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
  0018  mov     rax,rbx
  001b  mov     rcx,r8
  001e  sub     eax,ecx
  0020  mov     r12,rax
  0023  mov     rax,r12
  0026  mov     rcx,r9
  0029  imul    eax,ecx
  002c  mov     rbx,rax
  002f  mov     rax,rbx
  0032  mov     rcx,rdi
  0035  and     eax,ecx
  0037  mov     r12,rax
  003a  mov     rax,r12
  003d  mov     rcx,rsi
  0040  or      eax,ecx
  0042  mov     rdi,rax
  0045  mov     rax,rdi
  0048  mov     rcx,r8
  004b  xor     eax,ecx
  004d  mov     rsi,rax
  0050  mov     rax,rsi
  0053  mov     rcx,r9
  0056  shl     eax,cl
  0058  mov     rdi,rax
  005b  mov     rax,rdi
  005e  sar     eax,3
  0061  mov     rsi,rax
  0064  mov     rax,rsi
  0067  shr     eax,1
  006a  mov     rdi,rax
  006d  mov     rax,rdi
  0070  neg     eax
  0072  mov     rsi,rax
  0075  mov     rax,rsi
  0078  not     eax
  007a  mov     rdi,rax
  007d  mov     rax,rdi
  0080  mov     eax,eax
  0082  pop     r12
  0084  pop     rbx
  0085  pop     rbp
  0086  ret
