; 147 bytes, alignment 16, prolog 9 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind Alloc { code_offset: 9, size: 8 }
; gc: code length 147, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x9=IL2 0x1a=IL6 0x2b=IL8 0x36=IL11 0x47=IL13 0x52=IL16 0x63=IL18 0x6e=IL21 0x7f=IL23 0x8a=IL24
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  sub     rsp,8
  0009  mov     rax,rdi
  000c  mov     rcx,rsi
  000f  cmp     eax,ecx
  0011  sete    al
  0014  movzx   eax,al
  0017  mov     r8,rax
  001a  mov     rax,rdi
  001d  mov     rcx,rsi
  0020  cmp     eax,ecx
  0022  setg    al
  0025  movzx   eax,al
  0028  mov     r9,rax
  002b  mov     rax,r8
  002e  mov     rcx,r9
  0031  add     eax,ecx
  0033  mov     rbx,rax
  0036  mov     rax,rdi
  0039  mov     rcx,rsi
  003c  cmp     eax,ecx
  003e  seta    al
  0041  movzx   eax,al
  0044  mov     r8,rax
  0047  mov     rax,rbx
  004a  mov     rcx,r8
  004d  add     eax,ecx
  004f  mov     r9,rax
  0052  mov     rax,rdi
  0055  mov     rcx,rsi
  0058  cmp     eax,ecx
  005a  setl    al
  005d  movzx   eax,al
  0060  mov     r8,rax
  0063  mov     rax,r9
  0066  mov     rcx,r8
  0069  add     eax,ecx
  006b  mov     rbx,rax
  006e  mov     rax,rdi
  0071  mov     rcx,rsi
  0074  cmp     eax,ecx
  0076  setb    al
  0079  movzx   eax,al
  007c  mov     r8,rax
  007f  mov     rax,rbx
  0082  mov     rcx,r8
  0085  add     eax,ecx
  0087  mov     rsi,rax
  008a  mov     eax,eax
  008c  add     rsp,8
  0090  pop     rbx
  0091  pop     rbp
  0092  ret
