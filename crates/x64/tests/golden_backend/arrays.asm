; 146 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 146, stack base Some(5), return Scalar, safepoints [38, 90, 106, 124, 144], interruptible [], slots 2
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  push    r14
  000b  mov     rbx,rdi
  000e  mov     r12,rsi
  0011  mov     r13,rdx
  0014  movsxd  r14,ebx
  0017  mov     rsi,r14
  001a  mov     rdi,[0x21]    ; Rel32 lazy cell [10 1d 08]
  0021  call    qword ptr [0x27]    ; Rel32 eager cell [1a 61]
  0027  mov     rsi,rax
  002a  mov     eax,[rsi+8]
  002d  mov     rdi,rax
  0030  cmp     ebx,edi
  0032  jae     short 0x8B
  0034  mov     rax,rsi
  0037  mov     rcx,r14
  003a  lea     rax,[rax+rcx*4+0x10]
  003f  mov     rdi,rax
  0042  mov     rcx,rbx
  0045  mov     [rdi],ecx
  0047  mov     eax,[rdi]
  0049  mov     rbx,rax
  004c  mov     rdi,r12
  004f  mov     rsi,r14
  0052  mov     rdx,r13
  0055  call    qword ptr [0x5B]    ; Rel32 eager cell [1a 38]
  005b  mov     rsi,r14
  005e  mov     rdi,[0x65]    ; Rel32 lazy cell [10 1d 12 10]
  0065  call    qword ptr [0x6B]    ; Rel32 eager cell [1a 61]
  006b  mov     rsi,rax
  006e  mov     rdi,rsi
  0071  mov     rsi,r14
  0074  mov     rdx,r12
  0077  call    qword ptr [0x7D]    ; Rel32 eager cell [1a 38]
  007d  mov     rax,rbx
  0080  mov     eax,eax
  0082  pop     r14
  0084  pop     r13
  0086  pop     r12
  0088  pop     rbx
  0089  pop     rbp
  008a  ret
  008b  call    qword ptr [0x91]    ; Rel32 eager cell [1a 23]
  0091  int3
