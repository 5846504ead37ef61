; 96 bytes, alignment 16, prolog 9 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind Alloc { code_offset: 9, size: 8 }
; gc: code length 96, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  sub     rsp,8
  0009  mov     r8,rdx
  000c  mov     r9,rcx
  000f  mov     rbx,rdi
  0012  movsx   ebx,bl
  0015  mov     rcx,r8
  0018  and     ecx,7
  001b  sar     ebx,cl
  001d  mov     rdi,rsi
  0020  movzx   edi,di
  0023  mov     rcx,r8
  0026  and     ecx,0xF
  0029  shr     edi,cl
  002b  mov     rsi,r8
  002e  mov     rcx,r9
  0031  shl     esi,cl
  0033  mov     r8,r9
  0036  sar     r8,1
  003a  movsx   r9,bl
  003e  movzx   ebx,di
  0041  movsxd  rdi,esi
  0044  mov     rsi,r9
  0047  add     rsi,rbx
  004a  mov     r9,rsi
  004d  add     r9,rdi
  0050  mov     rsi,r9
  0053  xor     rsi,r8
  0056  mov     rax,rsi
  0059  add     rsp,8
  005d  pop     rbx
  005e  pop     rbp
  005f  ret
