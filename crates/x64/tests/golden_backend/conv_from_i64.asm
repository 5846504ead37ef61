; 62 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 62, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL1 0xb=IL3 0x12=IL4 0x15=IL6 0x1c=IL7 0x1f=IL9 0x26=IL10 0x29=IL12 0x2c=IL13 0x2f=IL15 0x32=IL16 0x35=IL22 0x37=IL24
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rsi,rdi
  0007  movsx   esi,sil
  000b  mov     r8,rdi
  000e  movzx   r8d,r8b
  0012  add     esi,r8d
  0015  mov     r8,rdi
  0018  movsx   r8d,r8w
  001c  add     esi,r8d
  001f  mov     r8,rdi
  0022  movzx   r8d,r8w
  0026  add     esi,r8d
  0029  mov     r8,rdi
  002c  add     esi,r8d
  002f  mov     r8,rdi
  0032  add     esi,r8d
  0035  add     esi,edi
  0037  mov     rax,rsi
  003a  mov     eax,eax
  003c  pop     rbp
  003d  ret
