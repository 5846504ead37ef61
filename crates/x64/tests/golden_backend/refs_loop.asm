; 72 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 72, stack base Some(5), return Object, safepoints [34], interruptible [], slots 2
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
  001d  call    qword ptr [0x23]    ; Rel32 eager cell [1a 44]
  0023  cmp     r12d,ebx
  0026  jge     short 0x3C
  0028  mov     rsi,r12
  002b  add     esi,1
  002e  mov     r12,rsi
  0031  mov     r11,r13
  0034  mov     r13,r14
  0037  mov     r14,r11
  003a  jmp     short 0x1D
  003c  mov     rax,r13
  003f  pop     r14
  0041  pop     r13
  0043  pop     r12
  0045  pop     rbx
  0046  pop     rbp
  0047  ret
