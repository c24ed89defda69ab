import { modbusFunctionName, modbusOperation, parseModbusException, parseModbusFunction } from './modbusFunction';

describe('Modbus functions', () => {
  it.each([
    ['READ_COILS', 1, 'read'],
    ['READ_INPUT_REGISTERS', 4, 'read'],
    ['WRITE_SINGLE_COIL', 5, 'write'],
    ['WRITE_SINGLE_REGISTER', 6, 'write'],
    ['WRITE_MULTIPLE_COILS', 15, 'write'],
    ['WRITE_MULTIPLE_REGISTERS', 16, 'write'],
    ['MASK_WRITE_REGISTER', 22, 'write'],
    ['READ_WRITE_MULTIPLE_REGISTERS', 23, 'write'],
    ['DIAGNOSTICS', 8, 'diagnostic'],
    ['ENCAP_INTERFACE_TRANSPORT', 43, 'diagnostic'],
    ['PROGRAM_CONCEPT', 40, 'program_download'],
    ['PROGRAM_UNITY', 90, 'program_download'],
    ['FIRMWARE_REPLACEMENT', 125, 'firmware_update'],
    ['OBJECT_MESSAGING', 91, 'unknown'],
  ])('reads %s as function %i, a %s', (name, code, operation) => {
    expect(parseModbusFunction(name)).toEqual({ code, exception: false });
    expect(modbusOperation(code)).toBe(operation);
    expect(modbusFunctionName(code)).toBe(name);
  });

  it('reads exception responses as the function they answer', () => {
    expect(parseModbusFunction('WRITE_SINGLE_COIL_EXCEPTION')).toEqual({ code: 5, exception: true });
    expect(parseModbusFunction('READ_EXCEPTION_STATUS')).toEqual({ code: 7, exception: false });
    expect(parseModbusFunction('READ_EXCEPTION_STATUS_EXCEPTION')).toEqual({ code: 7, exception: true });
  });

  it("reads Zeek's unknown-N names and decimal codes, high bit meaning exception", () => {
    expect(parseModbusFunction('unknown-65')).toEqual({ code: 65, exception: false });
    expect(parseModbusFunction('unknown-236')).toEqual({ code: 108, exception: true });
    expect(parseModbusFunction('16')).toEqual({ code: 16, exception: false });
    expect(parseModbusFunction('256')).toBeUndefined();
    expect(parseModbusFunction('WRITE_EVERYTHING')).toBeUndefined();
    expect(modbusFunctionName(65)).toBe('unknown-65');
  });

  it('reads exception codes by Zeek name, unknown-N, decimal or hex', () => {
    expect(parseModbusException('ILLEGAL_DATA_ADDRESS')).toBe(2);
    expect(parseModbusException('GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND')).toBe(11);
    expect(parseModbusException('unknown-12')).toBe(12);
    expect(parseModbusException('3')).toBe(3);
    expect(parseModbusException('0x0A')).toBe(10);
    expect(parseModbusException('PLC_ON_FIRE')).toBeUndefined();
  });
});
