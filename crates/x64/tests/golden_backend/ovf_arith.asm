; 57 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 57, stack base Some(5), return Scalar, safepoints [55], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL2 0xc=IL4 0x11=IL6 0x16=IL8 0x1b=IL10 0x21=IL12 0x2e=IL13
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdi
  0007  add     r8d,esi
  000a  jo      short 0x32
  000c  add     r8d,esi
  000f  jb      short 0x32
  0011  sub     r8d,edi
  0014  jo      short 0x32
  0016  sub     r8d,esi
  0019  jb      short 0x32
  001b  imul    r8d,edi
  001f  jo      short 0x32
  0021  mov     rax,r8
  0024  mov     rcx,rsi
  0027  mul     ecx
  0029  jo      short 0x32
  002b  mov     rdi,rax
  002e  mov     eax,eax
  0030  pop     rbp
  0031  ret
  0032  call    qword ptr [0x38]    ; Rel32 eager cell [1a 22]
  0038  int3
