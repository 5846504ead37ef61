; 73 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 73, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL2 0xe=IL6 0x18=IL8 0x1b=IL11 0x25=IL13 0x28=IL16 0x32=IL18 0x35=IL21 0x3f=IL23 0x42=IL24
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  cmp     edi,esi
  0006  sete    r8b
  000a  movzx   r8d,r8b
  000e  cmp     edi,esi
  0010  setg    r9b
  0014  movzx   r9d,r9b
  0018  add     r8d,r9d
  001b  cmp     edi,esi
  001d  seta    r9b
  0021  movzx   r9d,r9b
  0025  add     r8d,r9d
  0028  cmp     edi,esi
  002a  setl    r9b
  002e  movzx   r9d,r9b
  0032  add     r8d,r9d
  0035  cmp     edi,esi
  0037  setb    r9b
  003b  movzx   r9d,r9b
  003f  add     r8d,r9d
  0042  mov     rax,r8
  0045  mov     eax,eax
  0047  pop     rbp
  0048  ret
