; 69 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 69, stack base Some(5), return Scalar, safepoints [67], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL2 0xc=IL4 0x14=IL6 0x1c=IL8 0x24=IL10 0x2d=IL12 0x3a=IL13
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdi
  0007  add     r8d,esi
  000a  jo      short 0x3E
  000c  mov     r9,r8
  000f  add     r9d,esi
  0012  jb      short 0x3E
  0014  mov     r8,r9
  0017  sub     r8d,edi
  001a  jo      short 0x3E
  001c  mov     r9,r8
  001f  sub     r9d,esi
  0022  jb      short 0x3E
  0024  mov     r8,r9
  0027  imul    r8d,edi
  002b  jo      short 0x3E
  002d  mov     rax,r8
  0030  mov     rcx,rsi
  0033  mul     ecx
  0035  jo      short 0x3E
  0037  mov     rdi,rax
  003a  mov     eax,eax
  003c  pop     rbp
  003d  ret
  003e  call    qword ptr [0x44]    ; Rel32 eager cell [1a 22]
  0044  int3
