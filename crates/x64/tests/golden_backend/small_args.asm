; 96 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 96, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x22=IL2 0x2d=IL4 0x38=IL6 0x47=IL9 0x52=IL10
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  mov     rax,rdi
  000a  movzx   eax,al
  000d  mov     r9,rax
  0010  mov     rax,rsi
  0013  movsx   eax,ax
  0016  mov     rdi,rax
  0019  mov     rax,r8
  001c  movzx   eax,ax
  001f  mov     rsi,rax
  0022  mov     rax,r9
  0025  mov     rcx,rdi
  0028  add     eax,ecx
  002a  mov     r8,rax
  002d  mov     rax,r8
  0030  mov     rcx,rsi
  0033  add     eax,ecx
  0035  mov     rdi,rax
  0038  mov     rax,rdi
  003b  mov     rsi,rax
  003e  mov     rax,rsi
  0041  movzx   eax,al
  0044  mov     r8,rax
  0047  mov     rax,rdi
  004a  mov     rcx,r8
  004d  add     eax,ecx
  004f  mov     rsi,rax
  0052  mov     rax,rsi
  0055  mov     rdi,rax
  0058  mov     rax,rdi
  005b  movsx   eax,al
  005e  pop     rbp
  005f  ret
