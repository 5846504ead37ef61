; 131 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 131, stack base Some(5), return Scalar, safepoints [38, 75, 91, 109, 129], interruptible [], slots 2
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
  002a  mov     edi,[rsi+8]
  002d  cmp     ebx,edi
  002f  jae     short 0x7C
  0031  lea     rsi,[rsi+r14*4+0x10]
  0036  mov     rcx,rbx
  0039  mov     [rsi],ecx
  003b  mov     ebx,[rsi]
  003d  mov     rdi,r12
  0040  mov     rsi,r14
  0043  mov     rdx,r13
  0046  call    qword ptr [0x4C]    ; Rel32 eager cell [1a 38]
  004c  mov     rsi,r14
  004f  mov     rdi,[0x56]    ; Rel32 lazy cell [10 1d 12 10]
  0056  call    qword ptr [0x5C]    ; Rel32 eager cell [1a 61]
  005c  mov     rsi,rax
  005f  mov     rdi,rsi
  0062  mov     rsi,r14
  0065  mov     rdx,r12
  0068  call    qword ptr [0x6E]    ; Rel32 eager cell [1a 38]
  006e  mov     rax,rbx
  0071  mov     eax,eax
  0073  pop     r14
  0075  pop     r13
  0077  pop     r12
  0079  pop     rbx
  007a  pop     rbp
  007b  ret
  007c  call    qword ptr [0x82]    ; Rel32 eager cell [1a 23]
  0082  int3
