; 69 bytes, alignment 16, prolog 8 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind Alloc { code_offset: 8, size: 16 }
; gc: code length 69, stack base Some(5), return Scalar, safepoints [59], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  sub     rsp,0x10
  0008  mov     r8,rdi
  000b  mov     rdx,rdi
  000e  mov     [rsp],r8
  0012  mov     r8,rdi
  0015  mov     [rsp+8],rsi
  001a  mov     esi,2
  001f  mov     ecx,2
  0024  mov     r9d,2
  002a  mov     r10,[rsp]
  002e  movsx   r10d,r10w
  0032  mov     [rsp],r10
  0036  call    qword ptr [0x3C]    ; Rel32 method-call cell [14 03]
  003c  mov     r9,rax
  003f  add     rsp,0x10
  0043  pop     rbp
  0044  ret
