; 97 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 97, stack base Some(5), return Scalar, safepoints [95], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL2 0x11=IL4 0x1e=IL6 0x2b=IL8 0x38=IL10 0x46=IL12 0x53=IL13
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rax,rdi
  0007  mov     rcx,rsi
  000a  add     eax,ecx
  000c  jo      short 0x5A
  000e  mov     r8,rax
  0011  mov     rax,r8
  0014  mov     rcx,rsi
  0017  add     eax,ecx
  0019  jb      short 0x5A
  001b  mov     r9,rax
  001e  mov     rax,r9
  0021  mov     rcx,rdi
  0024  sub     eax,ecx
  0026  jo      short 0x5A
  0028  mov     r8,rax
  002b  mov     rax,r8
  002e  mov     rcx,rsi
  0031  sub     eax,ecx
  0033  jb      short 0x5A
  0035  mov     r9,rax
  0038  mov     rax,r9
  003b  mov     rcx,rdi
  003e  imul    eax,ecx
  0041  jo      short 0x5A
  0043  mov     r8,rax
  0046  mov     rax,r8
  0049  mov     rcx,rsi
  004c  mul     ecx
  004e  jo      short 0x5A
  0050  mov     rdi,rax
  0053  mov     rax,rdi
  0056  mov     eax,eax
  0058  pop     rbp
  0059  ret
  005a  call    qword ptr [0x60]    ; Rel32 eager cell [1a 22]
  0060  int3
