; 157 bytes, alignment 16, prolog 11 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind PushNonVolatile { code_offset: 11, reg: 14 }
; gc: code length 157, stack base Some(5), return Scalar, safepoints [38, 101, 117, 135, 155], interruptible [], slots 2
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
  0032  setae   r8b
  0036  movzx   r8d,r8b
  003a  test    r8d,r8d
  003d  jne     short 0x96
  003f  mov     rax,rsi
  0042  mov     rcx,r14
  0045  lea     rax,[rax+rcx*4+0x10]
  004a  mov     rdi,rax
  004d  mov     rcx,rbx
  0050  mov     [rdi],ecx
  0052  mov     eax,[rdi]
  0054  mov     rbx,rax
  0057  mov     rdi,r12
  005a  mov     rsi,r14
  005d  mov     rdx,r13
  0060  call    qword ptr [0x66]    ; Rel32 eager cell [1a 38]
  0066  mov     rsi,r14
  0069  mov     rdi,[0x70]    ; Rel32 lazy cell [10 1d 12 10]
  0070  call    qword ptr [0x76]    ; Rel32 eager cell [1a 61]
  0076  mov     rsi,rax
  0079  mov     rdi,rsi
  007c  mov     rsi,r14
  007f  mov     rdx,r12
  0082  call    qword ptr [0x88]    ; Rel32 eager cell [1a 38]
  0088  mov     rax,rbx
  008b  mov     eax,eax
  008d  pop     r14
  008f  pop     r13
  0091  pop     r12
  0093  pop     rbx
  0094  pop     rbp
  0095  ret
  0096  call    qword ptr [0x9C]    ; Rel32 eager cell [1a 23]
  009c  int3
