; 76 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 76, stack base Some(5), return Scalar, safepoints [39, 57], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0xa=IL0 0xf=IL4 0x19=IL6 0x1f=IL7 0x2b=IL13 0x31=IL14 0x3d=IL19 0x42=IL20
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
  0019  mov     rsi,rbx
  001c  sub     esi,1
  001f  mov     rdi,rsi
  0022  call    qword ptr [0x28]    ; Rel32 method-call cell [14 02]
  0028  mov     r12,rax
  002b  mov     rsi,rbx
  002e  sub     esi,2
  0031  mov     rdi,rsi
  0034  call    qword ptr [0x3A]    ; Rel32 method-call cell [14 02]
  003a  mov     rdi,rax
  003d  mov     rsi,r12
  0040  add     esi,edi
  0042  mov     rax,rsi
  0045  mov     eax,eax
  0047  pop     r12
  0049  pop     rbx
  004a  pop     rbp
  004b  ret
