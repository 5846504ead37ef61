; 98 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 98, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x7=IL1 0x1a=IL12 0x27=IL14 0x3c=IL16 0x48=IL18 0x51=IL19 0x5d=IL20
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  mov     rax,rdi
  000a  mov     rcx,0x123456789
  0014  add     rax,rcx
  0017  mov     r9,rax
  001a  mov     rax,r9
  001d  mov     rcx,rsi
  0020  imul    rax,rcx
  0024  mov     rdi,rax
  0027  mov     rax,r8
  002a  movsxd  rax,eax
  002d  mov     rsi,rax
  0030  mov     rax,rdi
  0033  mov     rcx,rsi
  0036  add     rax,rcx
  0039  mov     r9,rax
  003c  mov     rax,r9
  003f  mov     rcx,r8
  0042  shl     rax,cl
  0045  mov     rsi,rax
  0048  mov     rax,r8
  004b  movsxd  rax,eax
  004e  mov     rdi,rax
  0051  mov     rax,rsi
  0054  mov     rcx,rdi
  0057  sub     rax,rcx
  005a  mov     r8,rax
  005d  mov     rax,r8
  0060  pop     rbp
  0061  ret
