; 28 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 28, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  mov     rcx,r8
  000a  mov     [rdi+4],ecx
  000d  mov     rax,rdi
  0010  lea     rdi,[rax+8]
  0014  call    qword ptr [0x1A]    ; Rel32 eager cell [1a 31]
  001a  pop     rbp
  001b  ret
