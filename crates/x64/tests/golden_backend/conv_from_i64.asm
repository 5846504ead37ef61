; 140 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 140, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL1 0x10=IL3 0x1c=IL4 0x27=IL6 0x33=IL7 0x3e=IL9 0x4a=IL10 0x55=IL12 0x5b=IL13 0x66=IL15 0x6c=IL16 0x77=IL22 0x7d=IL23 0x88=IL24
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rax,rdi
  0007  mov     rsi,rax
  000a  movsx   eax,al
  000d  mov     r8,rax
  0010  mov     rax,rdi
  0013  mov     rsi,rax
  0016  movzx   eax,al
  0019  mov     r9,rax
  001c  mov     rax,r8
  001f  mov     rcx,r9
  0022  add     eax,ecx
  0024  mov     rsi,rax
  0027  mov     rax,rdi
  002a  mov     r8,rax
  002d  movsx   eax,ax
  0030  mov     r9,rax
  0033  mov     rax,rsi
  0036  mov     rcx,r9
  0039  add     eax,ecx
  003b  mov     r8,rax
  003e  mov     rax,rdi
  0041  mov     rsi,rax
  0044  movzx   eax,ax
  0047  mov     r9,rax
  004a  mov     rax,r8
  004d  mov     rcx,r9
  0050  add     eax,ecx
  0052  mov     rsi,rax
  0055  mov     rax,rdi
  0058  mov     r8,rax
  005b  mov     rax,rsi
  005e  mov     rcx,r8
  0061  add     eax,ecx
  0063  mov     r9,rax
  0066  mov     rax,rdi
  0069  mov     rsi,rax
  006c  mov     rax,r9
  006f  mov     rcx,rsi
  0072  add     eax,ecx
  0074  mov     r8,rax
  0077  mov     rax,rdi
  007a  mov     rsi,rax
  007d  mov     rax,r8
  0080  mov     rcx,rsi
  0083  add     eax,ecx
  0085  mov     rdi,rax
  0088  mov     eax,eax
  008a  pop     rbp
  008b  ret
