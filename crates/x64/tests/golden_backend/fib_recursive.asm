; 68 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 68, stack base Some(5), return Scalar, safepoints [36, 51], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0xa=IL0 0xf=IL4 0x19=IL6 0x1f=IL7 0x28=IL13 0x2b=IL14 0x37=IL19 0x3a=IL20
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  mov     rbx,rdi
  000a  cmp     ebx,2
  000d  jge     short 0x19
  000f  mov     rax,rbx
  0012  mov     eax,eax
  0014  pop     r12
  0016  pop     rbx
  0017  pop     rbp
  0018  ret
  0019  mov     rdi,rbx
  001c  sub     edi,1
  001f  call    qword ptr [0x25]    ; Rel32 method-call cell [14 02]
  0025  mov     r12,rax
  0028  sub     ebx,2
  002b  mov     rdi,rbx
  002e  call    qword ptr [0x34]    ; Rel32 method-call cell [14 02]
  0034  mov     rsi,rax
  0037  add     r12d,esi
  003a  mov     rax,r12
  003d  mov     eax,eax
  003f  pop     r12
  0041  pop     rbx
  0042  pop     rbp
  0043  ret
