; 84 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 84, stack base Some(5), return Object, safepoints [46], interruptible [], slots 2
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  push    r14
  000b  mov     rbx,rsi
  000e  mov     rsi,rdx
  0011  mov     r13,rdi
  0014  mov     r14,rsi
  0017  mov     r12d,0
  001d  mov     rax,[0x24]    ; Rel32 eager cell [1a 03]
  0024  cmp     dword ptr [rax],0
  0027  je      short 0x2F
  0029  call    qword ptr [0x2F]    ; Rel32 eager cell [1a 44]
  002f  cmp     r12d,ebx
  0032  jge     short 0x48
  0034  mov     rsi,r12
  0037  add     esi,1
  003a  mov     r12,rsi
  003d  mov     r11,r13
  0040  mov     r13,r14
  0043  mov     r14,r11
  0046  jmp     short 0x1D
  0048  mov     rax,r13
  004b  pop     r14
  004d  pop     r13
  004f  pop     r12
  0051  pop     rbx
  0052  pop     rbp
  0053  ret
