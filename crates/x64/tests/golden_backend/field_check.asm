; 14 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 14, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
; fixup Lazy [2b 78 00 01]
; fixup Lazy [2b 80 80 10 02]
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     edi,[rdi+0x78]
  0007  mov     rax,rdi
  000a  mov     eax,eax
  000c  pop     rbp
  000d  ret
