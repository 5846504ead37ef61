; 53 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 53, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x12=IL2 0x18=IL4 0x1d=IL6 0x24=IL9 0x2a=IL10
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  movzx   r9d,dil
  000b  movsx   edi,si
  000e  movzx   esi,r8w
  0012  mov     r8,r9
  0015  add     r8d,edi
  0018  mov     rdi,r8
  001b  add     edi,esi
  001d  mov     rsi,rdi
  0020  movzx   r8d,sil
  0024  mov     rsi,rdi
  0027  add     esi,r8d
  002a  mov     rdi,rsi
  002d  mov     rax,rdi
  0030  movsx   eax,al
  0033  pop     rbp
  0034  ret
