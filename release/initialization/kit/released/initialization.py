"""What the release notebook of initialization gave the learner: written by `autograder release`."""
from ..nbgrader_cells import CellKind, ReleasedCell

FUNCTIONS = (
    'initialize_parameters_zeros',
    'initialize_parameters_random',
    'initialize_parameters_he',
)
CELLS = (
    ReleasedCell('md1', CellKind.READ_ONLY, '4be861bebffe201e900898245b4e6275'),
    ReleasedCell('md2', CellKind.READ_ONLY, '025e46e7de130551e782b12db1665979'),
    ReleasedCell('imports', CellKind.READ_ONLY, '710dcd1806bcd1ecf440f1cba15929d2'),
    ReleasedCell('md4', CellKind.READ_ONLY, '666fe2a98bbe911bc5bef6fa5d1b0257'),
    ReleasedCell('load-data', CellKind.READ_ONLY, 'df2c0cc6f506af191ebbe58812971b4a'),
    ReleasedCell('md6', CellKind.READ_ONLY, '6b2d49bdaa45559b4a4127b9bbe7b0c1'),
    ReleasedCell('model', CellKind.READ_ONLY, '9a2d6a72706fe8f4d7c80793a719209f'),
    ReleasedCell('md8', CellKind.READ_ONLY, '345ffd1faeecaacb3c444cdd6538d0ca'),
    ReleasedCell('initialize_parameters_zeros', CellKind.ANSWER, '9dc3f18f760adbf3d64ab53d8d071947'),
    ReleasedCell('test_initialize_parameters_zeros', CellKind.TEST, '9c8f2e734556b8c85982f33c01d2b4c9'),
    ReleasedCell('zeros-example', CellKind.READ_ONLY, 'a602862889764acdc7a35086d338009e'),
    ReleasedCell('md10', CellKind.READ_ONLY, '96e66fe2fc943adcdb63475f7de36654'),
    ReleasedCell('train-zeros', CellKind.READ_ONLY, '4f627ee17a78b4bed7fecf8ddb6be92d'),
    ReleasedCell('plot-zeros', CellKind.READ_ONLY, '7df134f51c67b71edeffc5749fd588a8'),
    ReleasedCell('md13', CellKind.READ_ONLY, 'b7634c4ffe7ba86ceb9461215a0d2f33'),
    ReleasedCell('md14', CellKind.READ_ONLY, 'afcf8cb0032bd3462b06aa924ea81153'),
    ReleasedCell('initialize_parameters_random', CellKind.ANSWER, '7f071c9de6dd5ae7f78dcf374227604d'),
    ReleasedCell('test_initialize_parameters_random', CellKind.TEST, 'c9fc5f94bca216aa241b1b466b0e1ef1'),
    ReleasedCell('random-example', CellKind.READ_ONLY, '1a403bb74301897b13b4ae5ce5e1c200'),
    ReleasedCell('train-random', CellKind.READ_ONLY, 'a01a405f13fea53017cf6e588725fef7'),
    ReleasedCell('plot-random', CellKind.READ_ONLY, '6ce93adc386d3573d671112e6f238ea2'),
    ReleasedCell('md18', CellKind.READ_ONLY, '4e870d322ff52db16610d97928852a17'),
    ReleasedCell('md19', CellKind.READ_ONLY, 'b626e9b2ec8a5b27f1a8dafaa215fba5'),
    ReleasedCell('initialize_parameters_he', CellKind.ANSWER, '5c1d7c553c98ba827cfce7446534c30b'),
    ReleasedCell('test_initialize_parameters_he', CellKind.TEST, '3da4e4923aa0616eab9519412e1ad919'),
    ReleasedCell('he-example', CellKind.READ_ONLY, 'a9589d8e71ad13b439c760f1abe64a04'),
    ReleasedCell('train-he', CellKind.READ_ONLY, '729fb446bdbfb0af6da3e90ca6edf4f9'),
    ReleasedCell('plot-he', CellKind.READ_ONLY, '376e0dbbc5d4f06b0acdf86e991caf6a'),
    ReleasedCell('md23', CellKind.READ_ONLY, 'dedb8bf06b19fd70ef25b0af7e43add9'),
    ReleasedCell('md-before-submitting', CellKind.READ_ONLY, '866961c05ff88c83dfed02c7bdfa5610'),
    ReleasedCell('check-before-submitting', CellKind.READ_ONLY, 'fd3b44c693281bcb685481e2d37ce538'),
)
SEEDS = {
    'initialize_parameters_random': ('np.random.seed(3)',),
    'initialize_parameters_he': ('np.random.seed(3)',),
}
