; 79 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 79, stack base Some(5), return Object, safepoints [46], interruptible [], slots 2
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
  0032  jge     short 0x43
  0034  add     r12d,1
  0038  mov     r11,r13
  003b  mov     r13,r14
  003e  mov     r14,r11
  0041  jmp     short 0x1D
  0043  mov     rax,r13
  0046  pop     r14
  0048  pop     r13
  004a  pop     r12
  004c  pop     rbx
  004d  pop     rbp
  004e  ret
