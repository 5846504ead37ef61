; 95 bytes, alignment 16, prolog 9 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind Alloc { code_offset: 9, size: 8 }
; gc: code length 95, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x9=IL2 0x13=IL6 0x1d=IL8 0x23=IL11 0x2d=IL13 0x33=IL16 0x3d=IL18 0x43=IL21 0x4d=IL23 0x53=IL24
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  sub     rsp,8
  0009  cmp     edi,esi
  000b  sete    r8b
  000f  movzx   r8d,r8b
  0013  cmp     edi,esi
  0015  setg    r9b
  0019  movzx   r9d,r9b
  001d  mov     rbx,r8
  0020  add     ebx,r9d
  0023  cmp     edi,esi
  0025  seta    r8b
  0029  movzx   r8d,r8b
  002d  mov     r9,rbx
  0030  add     r9d,r8d
  0033  cmp     edi,esi
  0035  setl    r8b
  0039  movzx   r8d,r8b
  003d  mov     rbx,r9
  0040  add     ebx,r8d
  0043  cmp     edi,esi
  0045  setb    r8b
  0049  movzx   r8d,r8b
  004d  mov     rsi,rbx
  0050  add     esi,r8d
  0053  mov     rax,rsi
  0056  mov     eax,eax
  0058  add     rsp,8
  005c  pop     rbx
  005d  pop     rbp
  005e  ret
