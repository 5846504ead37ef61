; 155 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 155, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL1 0x13=IL3 0x22=IL4 0x2d=IL6 0x3c=IL7 0x47=IL9 0x56=IL10 0x61=IL12 0x67=IL13 0x72=IL15 0x78=IL16 0x83=IL22 0x89=IL23 0x94=IL24
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rax,rdi
  0007  mov     rsi,rax
  000a  mov     rax,rsi
  000d  movsx   eax,al
  0010  mov     r8,rax
  0013  mov     rax,rdi
  0016  mov     rsi,rax
  0019  mov     rax,rsi
  001c  movzx   eax,al
  001f  mov     r9,rax
  0022  mov     rax,r8
  0025  mov     rcx,r9
  0028  add     eax,ecx
  002a  mov     rsi,rax
  002d  mov     rax,rdi
  0030  mov     r8,rax
  0033  mov     rax,r8
  0036  movsx   eax,ax
  0039  mov     r9,rax
  003c  mov     rax,rsi
  003f  mov     rcx,r9
  0042  add     eax,ecx
  0044  mov     r8,rax
  0047  mov     rax,rdi
  004a  mov     rsi,rax
  004d  mov     rax,rsi
  0050  movzx   eax,ax
  0053  mov     r9,rax
  0056  mov     rax,r8
  0059  mov     rcx,r9
  005c  add     eax,ecx
  005e  mov     rsi,rax
  0061  mov     rax,rdi
  0064  mov     r8,rax
  0067  mov     rax,rsi
  006a  mov     rcx,r8
  006d  add     eax,ecx
  006f  mov     r9,rax
  0072  mov     rax,rdi
  0075  mov     rsi,rax
  0078  mov     rax,r9
  007b  mov     rcx,rsi
  007e  add     eax,ecx
  0080  mov     r8,rax
  0083  mov     rax,rdi
  0086  mov     rsi,rax
  0089  mov     rax,r8
  008c  mov     rcx,rsi
  008f  add     eax,ecx
  0091  mov     rdi,rax
  0094  mov     rax,rdi
  0097  mov     eax,eax
  0099  pop     rbp
  009a  ret
