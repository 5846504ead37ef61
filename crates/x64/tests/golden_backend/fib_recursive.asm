; 88 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 88, stack base Some(5), return Scalar, safepoints [45, 66], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0xa=IL0 0x12=IL4 0x1c=IL6 0x25=IL7 0x31=IL13 0x3a=IL14 0x46=IL19 0x51=IL20
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  mov     rbx,rdi
  000a  mov     rax,rbx
  000d  cmp     eax,2
  0010  jge     short 0x1C
  0012  mov     rax,rbx
  0015  mov     eax,eax
  0017  pop     r12
  0019  pop     rbx
  001a  pop     rbp
  001b  ret
  001c  mov     rax,rbx
  001f  sub     eax,1
  0022  mov     rsi,rax
  0025  mov     rdi,rsi
  0028  call    qword ptr [0x2E]    ; Rel32 method-call cell [14 02]
  002e  mov     r12,rax
  0031  mov     rax,rbx
  0034  sub     eax,2
  0037  mov     rsi,rax
  003a  mov     rdi,rsi
  003d  call    qword ptr [0x43]    ; Rel32 method-call cell [14 02]
  0043  mov     rdi,rax
  0046  mov     rax,r12
  0049  mov     rcx,rdi
  004c  add     eax,ecx
  004e  mov     rsi,rax
  0051  mov     eax,eax
  0053  pop     r12
  0055  pop     rbx
  0056  pop     rbp
  0057  ret
