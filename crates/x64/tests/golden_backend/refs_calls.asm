; 89 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 89, stack base Some(5), return Object, safepoints [28, 51, 75, 87], interruptible [], slots 3
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  push    r14
  000b  mov     rbx,rdi
  000e  mov     r12,rdx
  0011  mov     rdi,rsi
  0014  mov     rsi,rbx
  0017  call    qword ptr [0x1D]    ; Rel32 method-call cell [14 02]
  001d  mov     r13,rax
  0020  test    r13d,r13d
  0023  je      short 0x40
  0025  mov     r14,rbx
  0028  mov     rdi,r12
  002b  mov     rsi,r13
  002e  call    qword ptr [0x34]    ; Rel32 method-call cell [15 03]
  0034  mov     rax,r14
  0037  pop     r14
  0039  pop     r13
  003b  pop     r12
  003d  pop     rbx
  003e  pop     rbp
  003f  ret
  0040  mov     rdi,r13
  0043  mov     rsi,rbx
  0046  call    qword ptr [0x4C]    ; Rel32 method-call cell [14 02]
  004c  mov     rsi,rax
  004f  mov     rdi,rbx
  0052  call    qword ptr [0x58]    ; Rel32 eager cell [1a 20]
  0058  int3
