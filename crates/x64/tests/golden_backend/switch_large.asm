; 74 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 74, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rax,rdi
  0007  cmp     eax,8
  000a  jae     short 0x3F
  000c  cmp     eax,3
  000f  jb      short 0x1D
  0011  cmp     eax,6
  0014  jb      short 0x36
  0016  cmp     eax,7
  0019  jb      short 0x24
  001b  jmp     short 0x2D
  001d  cmp     eax,2
  0020  jb      short 0x24
  0022  jmp     short 0x2D
  0024  mov     eax,0xA
  0029  mov     eax,eax
  002b  pop     rbp
  002c  ret
  002d  mov     eax,0x14
  0032  mov     eax,eax
  0034  pop     rbp
  0035  ret
  0036  mov     eax,0x1E
  003b  mov     eax,eax
  003d  pop     rbp
  003e  ret
  003f  mov     rax,0xFFFFFFFFFFFFFFFF
  0046  mov     eax,eax
  0048  pop     rbp
  0049  ret
