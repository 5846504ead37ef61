; 112 bytes, alignment 16, prolog 13 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind Alloc { code_offset: 13, size: 8 }
; gc: code length 112, stack base Some(5), return Scalar, safepoints [24, 30, 57, 86], interruptible [], slots 1
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  sub     rsp,8
  000d  mov     rbx,rdi
  0010  mov     r12,rsi
  0013  call    qword ptr [0x19]    ; Rel32 delay-load-helper cell [21 12 0c]
  0019  call    qword ptr [0x1F]    ; Rel32 delay-load-helper cell [22 12 08]
  001f  mov     rsi,rax
  0022  mov     eax,[rsi+0x48]
  0025  mov     rdi,rax
  0028  mov     r13,rdi
  002b  add     r13d,ebx
  002e  mov     rcx,r13
  0031  mov     [rsi+0x48],ecx
  0034  call    qword ptr [0x3A]    ; Rel32 delay-load-helper cell [23 12 08]
  003a  mov     rbx,rax
  003d  mov     rsi,r12
  0040  lea     rdi,[rax+0x10]
  0044  call    qword ptr [0x4A]    ; Rel32 eager cell [1a 31]
  004a  mov     rax,[rbx+0x18]
  004e  mov     rsi,rax
  0051  call    qword ptr [0x57]    ; Rel32 delay-load-helper cell [22 12 08]
  0057  mov     rsi,rax
  005a  mov     rcx,r13
  005d  mov     [rsi+0x4C],ecx
  0060  mov     rax,r13
  0063  mov     eax,eax
  0065  add     rsp,8
  0069  pop     r13
  006b  pop     r12
  006d  pop     rbx
  006e  pop     rbp
  006f  ret
