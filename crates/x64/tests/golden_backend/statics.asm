; 106 bytes, alignment 16, prolog 13 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind Alloc { code_offset: 13, size: 8 }
; gc: code length 106, stack base Some(5), return Scalar, safepoints [24, 30, 54, 80], interruptible [], slots 1
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
  0022  mov     edi,[rsi+0x48]
  0025  mov     r13,rdi
  0028  add     r13d,ebx
  002b  mov     rcx,r13
  002e  mov     [rsi+0x48],ecx
  0031  call    qword ptr [0x37]    ; Rel32 delay-load-helper cell [23 12 08]
  0037  mov     rbx,rax
  003a  mov     rsi,r12
  003d  lea     rdi,[rax+0x10]
  0041  call    qword ptr [0x47]    ; Rel32 eager cell [1a 31]
  0047  mov     rbx,[rbx+0x18]
  004b  call    qword ptr [0x51]    ; Rel32 delay-load-helper cell [22 12 08]
  0051  mov     rsi,rax
  0054  mov     rcx,r13
  0057  mov     [rsi+0x4C],ecx
  005a  mov     rax,r13
  005d  mov     eax,eax
  005f  add     rsp,8
  0063  pop     r13
  0065  pop     r12
  0067  pop     rbx
  0068  pop     rbp
  0069  ret
