; 61 bytes, alignment 16, prolog 9 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind Alloc { code_offset: 9, size: 8 }
; gc: code length 61, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0xf=IL2 0x14=IL4 0x17=IL6 0x1b=IL8 0x1d=IL10 0x1f=IL12 0x22=IL14 0x27=IL15 0x2a=IL17 0x2d=IL20 0x2f=IL21 0x31=IL22
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  sub     rsp,8
  0009  mov     r8,rdx
  000c  mov     r9,rcx
  000f  mov     rbx,rdi
  0012  add     ebx,esi
  0014  sub     ebx,r8d
  0017  imul    ebx,r9d
  001b  and     ebx,edi
  001d  or      ebx,esi
  001f  xor     ebx,r8d
  0022  mov     rcx,r9
  0025  shl     ebx,cl
  0027  sar     ebx,3
  002a  shr     ebx,1
  002d  neg     ebx
  002f  not     ebx
  0031  mov     rax,rbx
  0034  mov     eax,eax
  0036  add     rsp,8
  003a  pop     rbx
  003b  pop     rbp
  003c  ret
