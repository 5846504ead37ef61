; 40 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 40, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x12=IL2 0x14=IL4 0x17=IL6 0x1e=IL9 0x20=IL10
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  movzx   edi,dil
  000b  movsx   esi,si
  000e  movzx   r8d,r8w
  0012  add     edi,esi
  0014  add     edi,r8d
  0017  mov     rsi,rdi
  001a  movzx   esi,sil
  001e  add     edi,esi
  0020  mov     rax,rdi
  0023  movsx   eax,al
  0026  pop     rbp
  0027  ret
