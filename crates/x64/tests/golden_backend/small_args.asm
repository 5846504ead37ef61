; 81 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 81, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x22=IL2 0x2d=IL4 0x35=IL6 0x3e=IL9 0x49=IL10
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
  002d  mov     rcx,rsi
  0030  add     eax,ecx
  0032  mov     rdi,rax
  0035  mov     rsi,rax
  0038  movzx   eax,al
  003b  mov     r8,rax
  003e  mov     rax,rdi
  0041  mov     rcx,r8
  0044  add     eax,ecx
  0046  mov     rsi,rax
  0049  mov     rdi,rax
  004c  movsx   eax,al
  004f  pop     rbp
  0050  ret
