; 72 bytes, alignment 16, prolog 8 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind Alloc { code_offset: 8, size: 16 }
; gc: code length 72, stack base Some(5), return Scalar, safepoints [62], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  sub     rsp,0x10
  0008  mov     rax,rdi
  000b  mov     r8,rax
  000e  mov     rdx,rdi
  0011  mov     [rsp],r8
  0015  mov     r8,rdi
  0018  mov     [rsp+8],rsi
  001d  mov     esi,2
  0022  mov     ecx,2
  0027  mov     r9d,2
  002d  mov     r10,[rsp]
  0031  movsx   r10d,r10w
  0035  mov     [rsp],r10
  0039  call    qword ptr [0x3F]    ; Rel32 method-call cell [14 03]
  003f  mov     r9,rax
  0042  add     rsp,0x10
  0046  pop     rbp
  0047  ret
