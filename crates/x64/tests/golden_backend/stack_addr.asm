; 47 bytes, alignment 16, prolog 8 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind Alloc { code_offset: 8, size: 16 }
; gc: code length 47, stack base Some(5), return Scalar, safepoints [32], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  sub     rsp,0x10
  0008  xor     eax,eax
  000a  mov     [rbp-8],rax
  000e  mov     rax,rdi
  0011  mov     [rbp-8],eax
  0014  lea     rax,[rbp-8]
  0018  mov     rdi,rax
  001b  call    qword ptr [0x21]    ; Rel32 method-call cell [14 02]
  0021  mov     eax,[rbp-8]
  0024  mov     rsi,rax
  0027  mov     eax,eax
  0029  add     rsp,0x10
  002d  pop     rbp
  002e  ret
