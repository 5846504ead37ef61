; 83 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 83, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL1 0xb=IL3 0x12=IL4 0x18=IL6 0x1f=IL7 0x25=IL9 0x2c=IL10 0x32=IL12 0x35=IL13 0x3b=IL15 0x3e=IL16 0x44=IL22 0x47=IL23 0x4c=IL24
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rsi,rdi
  0007  movsx   r8d,sil
  000b  mov     rsi,rdi
  000e  movzx   r9d,sil
  0012  mov     rsi,r8
  0015  add     esi,r9d
  0018  mov     r8,rdi
  001b  movsx   r9d,r8w
  001f  mov     r8,rsi
  0022  add     r8d,r9d
  0025  mov     rsi,rdi
  0028  movzx   r9d,si
  002c  mov     rsi,r8
  002f  add     esi,r9d
  0032  mov     r8,rdi
  0035  mov     r9,rsi
  0038  add     r9d,r8d
  003b  mov     rsi,rdi
  003e  mov     r8,r9
  0041  add     r8d,esi
  0044  mov     rsi,rdi
  0047  mov     rdi,r8
  004a  add     edi,esi
  004c  mov     rax,rdi
  004f  mov     eax,eax
  0051  pop     rbp
  0052  ret
