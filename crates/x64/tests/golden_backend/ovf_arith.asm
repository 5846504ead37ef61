; 79 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 79, stack base Some(5), return Scalar, safepoints [77], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL2 0x11=IL4 0x1b=IL6 0x25=IL8 0x2f=IL10 0x3a=IL12 0x44=IL13
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rax,rdi
  0007  mov     rcx,rsi
  000a  add     eax,ecx
  000c  jo      short 0x48
  000e  mov     r8,rax
  0011  mov     rcx,rsi
  0014  add     eax,ecx
  0016  jb      short 0x48
  0018  mov     r9,rax
  001b  mov     rcx,rdi
  001e  sub     eax,ecx
  0020  jo      short 0x48
  0022  mov     r8,rax
  0025  mov     rcx,rsi
  0028  sub     eax,ecx
  002a  jb      short 0x48
  002c  mov     r9,rax
  002f  mov     rcx,rdi
  0032  imul    eax,ecx
  0035  jo      short 0x48
  0037  mov     r8,rax
  003a  mov     rcx,rsi
  003d  mul     ecx
  003f  jo      short 0x48
  0041  mov     rdi,rax
  0044  mov     eax,eax
  0046  pop     rbp
  0047  ret
  0048  call    qword ptr [0x4E]    ; Rel32 eager cell [1a 22]
  004e  int3
