;; SPDX-License-Identifier: MIT
;; Reference values across the boundary: externref identity, funcref round trip, a table of externrefs.
(module
  (type $v_i (func (result i32)))
  (table $t (export "ext_tab") 2 externref)
  (func (export "id_ext") (param externref) (result externref) local.get 0)
  (func (export "id_func") (param funcref) (result funcref) local.get 0)
  (func (export "is_null") (param externref) (result i32) local.get 0 ref.is_null)
  (func (export "put") (param i32 externref) local.get 0 local.get 1 table.set $t)
  (func (export "get") (param i32) (result externref) local.get 0 table.get $t)
)
