"""What the release notebook of gradient_checking gave the learner: written by `autograder release`."""
from ..nbgrader_cells import CellKind, ReleasedCell

FUNCTIONS = (
    'forward_propagation',
    'backward_propagation',
    'gradient_check',
    'gradient_check_n',
)
CELLS = (
    ReleasedCell('md1', CellKind.READ_ONLY, 'b033105b01478f78dd8b8f5a064541c8'),
    ReleasedCell('md2', CellKind.READ_ONLY, '025e46e7de130551e782b12db1665979'),
    ReleasedCell('imports', CellKind.READ_ONLY, 'cd4b13b4a8e753ec442363fac9842bd8'),
    ReleasedCell('md4', CellKind.READ_ONLY, 'a470859d9ab0d998990558d76f39dae4'),
    ReleasedCell('md5', CellKind.READ_ONLY, 'd4931e079fb13e3541e0454d6b15fa31'),
    ReleasedCell('forward_propagation', CellKind.ANSWER, 'da40097834b20fd5605d09bd0d2e1a18'),
    ReleasedCell('test_forward_propagation', CellKind.TEST, '1d41d5ad8957729ae68160b78c1807a3'),
    ReleasedCell('forward-example', CellKind.READ_ONLY, '964899f9cba95a0fe8f0872c5b605e2b'),
    ReleasedCell('md7', CellKind.READ_ONLY, '864cbe1bbd5ec8952d0786758af685f9'),
    ReleasedCell('backward_propagation', CellKind.ANSWER, '3fc7ecfdbb2f589724766a81fb0f47e7'),
    ReleasedCell('test_backward_propagation', CellKind.TEST, '0b61cc2341d0b65c7125659ad1b5200a'),
    ReleasedCell('backward-example', CellKind.READ_ONLY, 'cd4d737e0e8fec4cdf8eab6422c22cce'),
    ReleasedCell('md9', CellKind.READ_ONLY, '0a73821bf0fc97109a07fcca18bf07f7'),
    ReleasedCell('gradient_check', CellKind.ANSWER, '0e80d79d14cdf8ce87d32fd2f6ae5a12'),
    ReleasedCell('test_gradient_check', CellKind.TEST, '820feddb7a9d535a63906c7546ea1283'),
    ReleasedCell('md10', CellKind.READ_ONLY, '8b805c0f6ec0c41d7a0e05cf53fa4f2f'),
    ReleasedCell('gradient-check-example', CellKind.READ_ONLY, '2de3ba39a93e445e57dc5fcc5ee1601b'),
    ReleasedCell('md12', CellKind.READ_ONLY, '80d94921f4ee50cfe7dc614d4b3687fc'),
    ReleasedCell('md13', CellKind.READ_ONLY, 'f236e9b85a7e91ec1af48c14ecb3ad93'),
    ReleasedCell('forward_propagation_n', CellKind.READ_ONLY, 'b7cf15f51885c27c3068b925a2198735'),
    ReleasedCell('md16', CellKind.READ_ONLY, '4fa819d0eba9bf489a03469906486078'),
    ReleasedCell('gradient_check_n', CellKind.ANSWER, '7e65017198d3c402623112426f3badf9'),
    ReleasedCell('test_gradient_check_n', CellKind.TEST, '60dc0128dbc31d10a86cc0d267025832'),
    ReleasedCell('md17', CellKind.READ_ONLY, '5d98a7d130c61910082f7af386b6f4fa'),
    ReleasedCell('gradient-check-n-example', CellKind.READ_ONLY, 'a35ff0758b4ccb764a5d82230c7ecd61'),
    ReleasedCell('md19', CellKind.READ_ONLY, '7d24e766008be03e6bd0bbedfc920c35'),
    ReleasedCell('md20', CellKind.READ_ONLY, '8e0c7044f6fe81d2c08d331b2e14ef89'),
    ReleasedCell('md-before-submitting', CellKind.READ_ONLY, 'b8aced6de74a7e38a0624c11f88ad341'),
    ReleasedCell('check-before-submitting', CellKind.READ_ONLY, '2abd91e9e565380df1e96ff2681df1ec'),
)
SEEDS = {
}
