; 68 bytes, alignment 16, prolog 9 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind Alloc { code_offset: 9, size: 8 }
; gc: code length 68, stack base Some(5), return Scalar, safepoints [29, 48, 66], interruptible [], slots 1
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  sub     rsp,8
  0009  mov     rbx,rdi
  000c  test    rbx,rbx
  000f  je      short 0x3D
  0011  mov     rdi,rbx
  0014  lea     r11,[0x1B]    ; Rel32 dispatch cell [17 04]
  001b  call    qword ptr [r11]
  001e  mov     rdi,rax
  0021  mov     rsi,rdi
  0024  mov     rdi,rbx
  0027  lea     r11,[0x2E]    ; Rel32 dispatch cell [18 07]
  002e  call    qword ptr [r11]
  0031  mov     rsi,rax
  0034  mov     eax,eax
  0036  add     rsp,8
  003a  pop     rbx
  003b  pop     rbp
  003c  ret
  003d  call    qword ptr [0x43]    ; Rel32 eager cell [1a 25]
  0043  int3
