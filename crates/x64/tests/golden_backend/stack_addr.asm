; 44 bytes, alignment 16, prolog 8 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind Alloc { code_offset: 8, size: 16 }
; gc: code length 44, stack base Some(5), return Scalar, safepoints [29], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  sub     rsp,0x10
  0008  xor     eax,eax
  000a  mov     [rbp-8],rax
  000e  mov     rax,rdi
  0011  mov     [rbp-8],eax
  0014  lea     rdi,[rbp-8]
  0018  call    qword ptr [0x1E]    ; Rel32 method-call cell [14 02]
  001e  mov     esi,[rbp-8]
  0021  mov     rax,rsi
  0024  mov     eax,eax
  0026  add     rsp,0x10
  002a  pop     rbp
  002b  ret
